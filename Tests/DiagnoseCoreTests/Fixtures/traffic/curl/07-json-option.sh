curl --json '{"a":1}' https://api.example.com/x
