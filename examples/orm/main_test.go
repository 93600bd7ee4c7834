package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTheORMExampleTellsTheTutorialStory(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
	require.Equal(t, `added users 1, 2, 3; sandy's first address has user_id 2:
    INSERT INTO user_account (name, fullname) VALUES (?, ?), (?, ?), (?, ?) RETURNING id
    INSERT INTO address (email_address, user_id) VALUES (?, ?), (?, ?), (?, ?) RETURNING id
queried spongebob, the same object: true
    SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE user_account.name = ? LIMIT ?
renamed sandy:
    UPDATE user_account SET fullname = ? WHERE user_account.id = ?
users with their addresses: spongebob [spongebob@sqlalchemy.org]; sandy [sandy@sqlalchemy.org, sandy@squirrelpower.org]; patrick []
    SELECT user_account.id, user_account.name, user_account.fullname FROM user_account ORDER BY user_account.id
    SELECT address.id, address.email_address, address.user_id FROM address WHERE address.user_id IN (?, ?, ?) ORDER BY address.id
the address points back to its user: true
gave patrick an address, dropped one of sandy's, deleted spongebob:
    INSERT INTO address (email_address, user_id) VALUES (?, ?) RETURNING id
    DELETE FROM address WHERE address.id IN (?, ?)
    DELETE FROM user_account WHERE user_account.id IN (?)
addresses left: 2
`, out.String())
}
