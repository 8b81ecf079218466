curl -G https://api.stripe.com/v1/charges -d limit=3 -d "created[gte]=1600000000"
