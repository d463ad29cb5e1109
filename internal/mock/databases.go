package mock

import (
	"fmt"
	"maps"
	"slices"
)

// This file keeps the databases and tables of every instance, which CreateBackup's
// BackupDBTableList names: derived from the instance ID and region (DefaultDatabases) unless set
// by a fixtures file's "databases" or SetDatabases. No action lists them: they only decide
// whether a partial backup finds what it names.

// databaseNames and tableNames are what derived databases and tables are called.
var (
	databaseNames = []string{"orders", "users", "payments", "inventory", "billing", "catalog", "analytics", "shop", "crm", "app"}
	tableNames    = []string{"accounts", "events", "items", "audit_log", "sessions", "invoices", "customers", "products",
		"settings", "jobs", "addresses", "refunds"}
)

// DefaultDatabases is the set of databases the mock gives an instance it has none of its own for,
// derived from the region and the instance ID alone (the same arguments always give the same
// set): two to four databases (from orders, users, payments, inventory, billing, catalog,
// analytics, shop, crm and app) of two to five tables each (accounts, events, items, ...).
func DefaultDatabases(region, instanceID string) map[string][]string {
	rng := splitMix{state: hash64("databases", region, instanceID)}
	dbs := map[string][]string{}
	pick := func(names []string, n int) []string {
		chosen := slices.Clone(names)
		for k := range n {
			j := k + int(rng.intn(int64(len(chosen)-k)))
			chosen[k], chosen[j] = chosen[j], chosen[k]
		}
		return chosen[:n]
	}
	for _, db := range pick(databaseNames, 2+int(rng.intn(3))) {
		tables := pick(tableNames, 2+int(rng.intn(4)))
		slices.Sort(tables)
		dbs[db] = tables
	}
	return dbs
}

// checkDatabases refuses a set of databases an instance could not have: an empty database or
// table name, or a table listed twice in its database.
func checkDatabases(dbs map[string][]string) error {
	for _, db := range slices.Sorted(maps.Keys(dbs)) {
		if db == "" {
			return fmt.Errorf("databases: a database name is empty")
		}
		seen := map[string]bool{}
		for i, t := range dbs[db] {
			switch {
			case t == "":
				return fmt.Errorf("databases: %s[%d]: the table name is empty", db, i)
			case seen[t]:
				return fmt.Errorf("databases: %s: the table %q is listed twice", db, t)
			}
			seen[t] = true
		}
	}
	return nil
}

func cloneDatabases(dbs map[string][]string) map[string][]string {
	if dbs == nil {
		return nil
	}
	out := make(map[string][]string, len(dbs))
	for db, tables := range dbs {
		out[db] = slices.Clone(tables)
	}
	return out
}

// SetDatabases gives an instance in a region these databases, each with its tables (a database
// with none is empty), in place of the ones it had; nil goes back to DefaultDatabases. A set with
// an empty name or a table listed twice is refused, and nothing changes. An instance that does
// not exist is created with no backups; an existing one keeps everything else.
func (s *Server) SetDatabases(region, instanceID string, dbs map[string][]string) error {
	if err := checkDatabases(dbs); err != nil {
		return fmt.Errorf("mock: instance %s in %s: %w", instanceID, region, err)
	}
	dbs = cloneDatabases(dbs)
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instanceOrNew(region, instanceID)
	in.databases = dbs
	return nil
}

// Databases returns a copy of the databases and tables of an instance, its own or the derived
// ones (DefaultDatabases); false when the instance does not exist.
func (s *Server) Databases(region, instanceID string) (map[string][]string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instance(region, instanceID)
	if in == nil {
		return nil, false
	}
	return in.databasesOf(region, instanceID), true
}

// databasesOf returns a copy of the instance's databases, its own or the derived ones.
func (in *instance) databasesOf(region, instanceID string) map[string][]string {
	if in.databases != nil {
		return cloneDatabases(in.databases)
	}
	return DefaultDatabases(region, instanceID)
}

// missingTable names the first database or table of tables the instance does not have, or "" when
// it has them all.
func (in *instance) missingTable(region, instanceID string, tables []BackupTable) string {
	if len(tables) == 0 {
		return ""
	}
	dbs := in.databasesOf(region, instanceID)
	for _, t := range tables {
		have, ok := dbs[t.Db]
		switch {
		case !ok:
			return fmt.Sprintf("the instance has no database %q", t.Db)
		case t.Table != "" && !slices.Contains(have, t.Table):
			return fmt.Sprintf("the database %q has no table %q", t.Db, t.Table)
		}
	}
	return ""
}
