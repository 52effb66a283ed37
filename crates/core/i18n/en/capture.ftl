# Messages of the capture module: pictures from the clipboard and the screen.
capture-no-clipboard = The clipboard cannot be reached: there is no graphical session here. Save the picture to a file and import that instead.
capture-no-picture-on-clipboard = The clipboard holds no picture. Copy the QR code's picture (for example with right-click, Copy image) and try again, or paste its link instead.
capture-no-display = There is no screen to scan here (no X display). Run this in your desktop session, or save a screenshot of the QR code and import that file.
capture-no-screenshot-portal = This Wayland session has no desktop portal that takes screenshots for apps, so Safekeep cannot scan the screen. Install xdg-desktop-portal and your desktop's portal (for example xdg-desktop-portal-gnome or -kde), or take a screenshot of the QR code with your desktop's screenshot tool and paste it here (Ctrl+V) or import the file.
capture-screenshot-refused = The desktop did not give Safekeep the screenshot (it was refused or cancelled). Scan again and allow it, or take a screenshot of the QR code yourself and paste it here (Ctrl+V) or import the file.
capture-screen-unreadable = The screen could not be captured. Take a screenshot of the QR code with your desktop's screenshot tool and paste it here (Ctrl+V) or import the file.
capture-unsupported = Scanning the screen is not available on this system. Take a screenshot of the QR code, then paste it here (Ctrl+V) or import the file.
