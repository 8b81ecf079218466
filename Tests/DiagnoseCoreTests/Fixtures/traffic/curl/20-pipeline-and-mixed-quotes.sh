curl -s 'https://api.example.com/v1/'"items?"$'q=\x41' -H "Authorization: Bearer $TOKEN" -d 'it'\''s' | jq .
