curl -X PUT https://api.example.com/notes/1 -H $'X-Note: tab\there' --data-binary $'line1\nline2\x21\u00e9'
