"""The bottom layer: enums, the edit record, table schemas, and small utilities every layer may use."""
