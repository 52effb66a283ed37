# Messages of the account module.
account-no-match = No account matches “{ $query }”. Check the name in the list of accounts, or add the account first.
account-ambiguous = “{ $query }” matches { $count } accounts: { $candidates }. Use a longer name, or “issuer:account”.
account-duplicate = { $name } is already in your vault with the same secret, so it was not added again.
