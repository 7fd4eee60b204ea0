"""Starts the whole platform on one machine: PostgreSQL, the Kafka-protocol broker, every service.

Used by ``python3 dev.py up`` and by the test suite (which starts its own copy on free ports).
"""
