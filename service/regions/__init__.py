"""Administrative divisions (GB/T 2260 codes) and scope by code prefix."""
