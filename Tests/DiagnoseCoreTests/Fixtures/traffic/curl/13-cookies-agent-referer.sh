curl -b 'session=abc; theme=dark' -A 'MyApp/1.0' -e https://example.com/ --compressed -k https://api.example.com/me
