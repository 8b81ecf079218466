curl https://api.stripe.com/v1/charges
