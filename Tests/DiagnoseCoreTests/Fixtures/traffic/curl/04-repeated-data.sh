curl https://api.stripe.com/v1/charges -u sk_test_FAKEcurl4444444444444: -d amount=2000 -d currency=usd -d "description=Test charge"
