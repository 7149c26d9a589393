"""Load and check the content: layout, site.yaml, YAML and schemas, sources, entities, facts, briefings."""
