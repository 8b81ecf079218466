curl --frobnicate -s -S -L https://api.example.com/x
