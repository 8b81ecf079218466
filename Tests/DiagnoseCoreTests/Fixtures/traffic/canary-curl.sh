curl 'https://api.example.com/v1/login?api_key=CANARY10&token=CANARY11&client_secret=CANARY12&access_token=CANARY13&limit=3' \
  -H 'Authorization: Bearer CANARY01opaquetoken' \
  -H 'Proxy-Authorization: Basic cHJveHl1c2VyOkNBTkFSWTAycHc=' \
  -b 'session=CANARY03; csrftoken=CANARY04' \
  -H 'X-Api-Key: CANARY06' -H 'Api-Key: CANARY07' -H 'X-Auth-Token: CANARY08' \
  -H 'X-Client-Secret: CANARY09' -H 'X-Note: rk_live_CANARY21abcdef' \
  -d password=CANARY14 -d refresh_token=CANARY15 -d code_verifier=CANARY16 -d amount=100
curl https://api.stripe.com/v1/charges -u sk_test_CANARY20xxxxxxxx: -d 'metadata[note]=eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3MDAwMDAwMDB9.CANARY23sig'
curl https://api.example.com/v1/x -u 'ann:CANARY27' --json '{"key": "CANARY19", "aws": "AKIACANARY24ABCDEFGH"}'
