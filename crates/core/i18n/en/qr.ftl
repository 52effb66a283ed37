# Messages of the qr module.
qr-not-an-image = This file is not a picture Safekeep can read. Choose a PNG or JPEG screenshot of the QR code.
qr-too-large = This picture is too large ({ $width } × { $height } pixels); Safekeep reads pictures of up to { $limit } million pixels, and up to 20000 pixels wide or high. Take a screenshot of just the QR code and try that.
qr-none-found = No QR code was found in this picture. Choose a picture in which the QR code is sharp and whole, or paste the link instead.
qr-unreadable = A QR code was found but could not be read. Try a sharper or larger picture, or paste the link instead.
qr-too-long = This account's link is too long for a QR code. Move it by its link or secret instead.
