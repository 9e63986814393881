using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Api.Accounts.Migrations
{
    /// <summary>
    /// Every node caches an account's facts (AccountFactsCache) and forgets them when PostgreSQL tells it they changed:
    /// a lock-out, a platform role granted or revoked, an account or a login deleted notify the channel in the same
    /// transaction, so the notice reaches every listening node when, and only if, the change commits.
    /// </summary>
    public partial class AccountFactsNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION accounts.notify_account_facts() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('marketplace_account_facts', coalesce(to_jsonb(NEW), to_jsonb(OLD)) ->> TG_ARGV[0]);
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER account_facts_users AFTER UPDATE OF "LockoutEnd", "LockoutEnabled" OR DELETE ON accounts."AspNetUsers"
                    FOR EACH ROW EXECUTE FUNCTION accounts.notify_account_facts('Id');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER account_facts_roles AFTER INSERT OR DELETE ON accounts."AspNetUserRoles"
                    FOR EACH ROW EXECUTE FUNCTION accounts.notify_account_facts('UserId');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER account_facts_logins AFTER DELETE ON accounts."AspNetUserLogins"
                    FOR EACH ROW EXECUTE FUNCTION accounts.notify_account_facts('UserId');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS account_facts_logins ON accounts."AspNetUserLogins";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS account_facts_roles ON accounts."AspNetUserRoles";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS account_facts_users ON accounts."AspNetUsers";""");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS accounts.notify_account_facts();");
        }
    }
}
