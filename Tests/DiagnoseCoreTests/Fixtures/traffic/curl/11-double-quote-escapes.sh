curl -H "X-Quote: say \"hi\" \$HOME" https://api.example.com/q -d "a=\`b\`"
