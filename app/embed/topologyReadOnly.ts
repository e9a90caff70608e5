/**
 * Issue #6 `?embed=1`: whether the topology is shown read-only (no Kill, Restart, network faults
 * or + OBServer), as a React context the topology panel provides and the server cards read.
 */
import { createContext } from 'react';

export const TopologyReadOnly = createContext(false);
