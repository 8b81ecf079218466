print("diagnose")
