"""Case management: customers' cases, agents' queues, email, SLAs and community hand-offs."""
