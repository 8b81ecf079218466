# Create a PaymentIntent (from the API reference)
curl https://api.stripe.com/v1/payment_intents \
  -u "sk_test_FAKEcurl1919191919191:" \
  -H "Stripe-Version: 2024-06-20" \
  -H "Idempotency-Key: 8a9b" \
  -d amount=2000 \
  -d currency=usd \
  -d "metadata[order_id]=6735" \
  -d "payment_method_types[]=card"
