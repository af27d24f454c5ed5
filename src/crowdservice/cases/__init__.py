"""Case management: customers' cases, agents' queues, email in and out, SLAs, community hand-offs."""
