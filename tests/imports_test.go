package tests

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestImportsPointOneWay keeps the layering of DESIGN.md true: core knows
// no driver or dialect, the compiler knows no engine, the engine knows no
// dialect, and nothing imports a layer above it.
func TestImportsPointOneWay(t *testing.T) {
	const mod = "github.com/retort-go/retort/"
	allowed := map[string][]string{
		"sqltype":    {},
		"core":       {"sqltype"},
		"sqlcompile": {"core", "sqltype", "internal/sqlconv"},
		"pool":       {},
		"engine":     {"core", "sqltype", "sqlcompile", "pool", "internal/sqlconv"},
	}
	drivers := []string{"github.com/jackc/pgx", "github.com/go-sql-driver/mysql", "modernc.org/sqlite"}
	for pkg, ok := range allowed {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", mod+pkg).CombinedOutput()
		require.NoError(t, err, string(out))
		for _, dep := range strings.Fields(string(out)) {
			if strings.HasPrefix(dep, mod) && dep != mod+pkg {
				rel := strings.TrimPrefix(dep, mod)
				require.Contains(t, ok, rel, "%s must not import %s", pkg, rel)
			}
			for _, d := range drivers {
				require.False(t, strings.HasPrefix(dep, d), "%s must not depend on the driver %s", pkg, d)
			}
		}
	}
}
