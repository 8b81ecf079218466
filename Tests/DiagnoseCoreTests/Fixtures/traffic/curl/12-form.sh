curl -F name=Jenny -F "file=@photo.png" https://api.example.com/upload
