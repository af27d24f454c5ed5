"""The demo community loaded by `crowdservice seed_demo`: a support forum for a Wi-Fi router.

`catalog` holds the product, spaces and people; `topics_*` the support problems with their
question and answer templates; `plan` turns a seed into a deterministic plan of who posts what
and when; `load` carries the plan out through the real actions and then backdates it.
"""
