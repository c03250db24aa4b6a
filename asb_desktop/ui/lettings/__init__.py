"""Windows for lettings (3.1, 4.1-4.3), the colleague review group (2024 5.9.1) and publicity (17)."""
