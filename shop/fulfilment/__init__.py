"""Fulfilment: each producer's parcel of an order: being prepared, shipped (tracked), delivered."""
