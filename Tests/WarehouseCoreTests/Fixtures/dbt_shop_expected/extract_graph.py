#!/usr/bin/env python3
"""Writes the facts of a dbt manifest.json that the Swift tests assert, as stable, sorted JSON.

Usage: extract_graph.py target/manifest.json > expected_graph.json
"""
import json
import sys


def node_facts(node):
    config = node["config"]
    facts = {
        "unique_id": node["unique_id"],
        "name": node["name"],
        "resource_type": node["resource_type"],
        "original_file_path": node["original_file_path"],
        "fqn": node["fqn"],
        "depends_on_nodes": sorted(node.get("depends_on", {}).get("nodes", [])),
        "materialized": config["materialized"],
        "database": node["database"],
        "schema": node["schema"],
        "alias": node["alias"],
        "relation_name": node.get("relation_name"),
        "tags": sorted(node["tags"]),
    }
    if config.get("unique_key") is not None:
        facts["unique_key"] = config["unique_key"]
    if node["resource_type"] == "test":
        metadata = node.get("test_metadata")
        facts["test_name"] = metadata["name"] if metadata else None
        facts["test_kwargs"] = metadata["kwargs"] if metadata else None
        facts["column_name"] = node.get("column_name")
        facts["attached_node"] = node.get("attached_node")
        facts["compiled_path"] = node["path"]
        del facts["relation_name"]
    return facts


def source_facts(source):
    return {
        "unique_id": source["unique_id"],
        "source_name": source["source_name"],
        "name": source["name"],
        "database": source["database"],
        "schema": source["schema"],
        "identifier": source["identifier"],
        "relation_name": source["relation_name"],
        "loaded_at_field": source.get("loaded_at_field"),
        "freshness": source.get("freshness"),
    }


def main():
    with open(sys.argv[1]) as handle:
        manifest = json.load(handle)
    nodes = [n for n in manifest["nodes"].values() if n["package_name"] == "dbt_shop"]
    graph = {
        "dbt_version": manifest["metadata"]["dbt_version"],
        "models": [node_facts(n) for n in nodes if n["resource_type"] == "model"],
        "seeds": [node_facts(n) for n in nodes if n["resource_type"] == "seed"],
        "tests": [node_facts(n) for n in nodes if n["resource_type"] == "test"],
        "sources": [source_facts(s) for s in manifest["sources"].values()],
        "macros": sorted(
            m["unique_id"] for m in manifest["macros"].values() if m["package_name"] == "dbt_shop"
        ),
    }
    for key in ("models", "seeds", "tests", "sources"):
        graph[key].sort(key=lambda item: item["unique_id"])
    json.dump(graph, sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
