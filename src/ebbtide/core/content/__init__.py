"""What Ebbtide ships: breathing patterns, meditation scripts, articles, questionnaires and
the side-effect list, with the one schema helper that checks them."""
