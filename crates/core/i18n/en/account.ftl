# Messages of the account module.
account-no-match = No account matches “{ $query }”. Run 'safekeep list' to see the names, or add the account first.
account-ambiguous = “{ $query }” matches { $count } accounts: { $candidates }. Use a longer name, or “issuer:account”.
