curl -H 'Content-Type:' -H 'X-Empty;' -d 'raw' https://api.example.com/x
