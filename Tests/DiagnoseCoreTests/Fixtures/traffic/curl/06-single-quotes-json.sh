curl -X POST 'https://api.example.com/v1/items' -H 'Content-Type: application/json' -d '{"name": "Widget", "price": 9.99}'
