package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestQuickstartPrintsWhatItDid(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
	require.Equal(t, `created tables: user_account address
inserted users with ids [1 2 3]
query: SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE user_account.name IN (?, ?) ORDER BY user_account.id [spongebob sandy]
  1 spongebob (Spongebob Squarepants)
  2 sandy (Sandy Cheeks)
savepoint rolled back: changed our mind
after the transaction: user 3 is still "patrick"; 1 address committed
duplicate name is a unique violation: true
`, out.String())
}
