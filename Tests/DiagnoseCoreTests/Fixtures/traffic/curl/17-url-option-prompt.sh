$ curl --url 'https://api.example.com/a?x=1' --request PATCH --header 'If-Match: "v1"' --data-raw '@not-a-file'
