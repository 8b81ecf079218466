curl -H "Accept: application/json" https://api.example.com/things
