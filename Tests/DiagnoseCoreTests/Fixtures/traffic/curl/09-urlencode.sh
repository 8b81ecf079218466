curl https://api.example.com/search --data-urlencode "q=hello world & more" --data-urlencode "=raw value"
