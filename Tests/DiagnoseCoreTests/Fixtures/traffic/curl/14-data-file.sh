curl -d @body.json -H 'Content-Type: application/json' https://api.example.com/x
