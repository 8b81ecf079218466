curl -X POST https://api.stripe.com/v1/customers -d email=a@b.c
