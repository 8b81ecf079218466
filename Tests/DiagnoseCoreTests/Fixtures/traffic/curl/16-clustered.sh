curl -sSLXPOST -HContent-Type:text/plain https://api.example.com/echo -dhello
