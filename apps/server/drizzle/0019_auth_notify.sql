-- The session cache of every instance (plugins/session-cache.ts) hears on `auth_changed` when
-- anything a session's permissions are built from changes. NOTIFY is sent at commit; identical
-- payloads within one transaction arrive once.
CREATE OR REPLACE FUNCTION cwp_notify_session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('auth_changed', 's:' || OLD.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION cwp_notify_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('auth_changed', 'u:' || OLD.id);
  ELSE
    PERFORM pg_notify('auth_changed', 'u:' || NEW.id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION cwp_notify_user_role_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM pg_notify('auth_changed', 'u:' || OLD.user_id);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM pg_notify('auth_changed', 'u:' || NEW.user_id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION cwp_notify_auth_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('auth_changed', '*');
  RETURN NULL;
END $$;
--> statement-breakpoint
-- last_seen_at is touched once a minute per session and changes nothing a session grants.
CREATE OR REPLACE TRIGGER session_auth_changed_upd AFTER UPDATE ON session FOR EACH ROW
  WHEN ((OLD.csrf_token, OLD.expires_at, OLD.user_id) IS DISTINCT FROM (NEW.csrf_token, NEW.expires_at, NEW.user_id))
  EXECUTE FUNCTION cwp_notify_session_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER session_auth_changed_del AFTER DELETE ON session FOR EACH ROW
  EXECUTE FUNCTION cwp_notify_session_changed();
--> statement-breakpoint
-- A login's failed-attempt counters change nothing a session grants either.
CREATE OR REPLACE TRIGGER app_user_auth_changed_upd AFTER UPDATE ON app_user FOR EACH ROW
  WHEN ((OLD.username, OLD.display_name, OLD.must_change_password, OLD.active, OLD.worker_id, OLD.org_unit_id)
        IS DISTINCT FROM (NEW.username, NEW.display_name, NEW.must_change_password, NEW.active, NEW.worker_id, NEW.org_unit_id))
  EXECUTE FUNCTION cwp_notify_user_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER app_user_auth_changed_del AFTER DELETE ON app_user FOR EACH ROW
  EXECUTE FUNCTION cwp_notify_user_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER user_role_auth_changed AFTER INSERT OR UPDATE OR DELETE ON user_role FOR EACH ROW
  EXECUTE FUNCTION cwp_notify_user_role_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER role_auth_changed AFTER UPDATE OR DELETE ON role FOR EACH STATEMENT
  EXECUTE FUNCTION cwp_notify_auth_all();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER org_unit_auth_changed AFTER UPDATE ON org_unit FOR EACH ROW
  WHEN ((OLD.name, OLD.level, OLD.path) IS DISTINCT FROM (NEW.name, NEW.level, NEW.path))
  EXECUTE FUNCTION cwp_notify_auth_all();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER org_unit_auth_changed_del AFTER DELETE ON org_unit FOR EACH STATEMENT
  EXECUTE FUNCTION cwp_notify_auth_all();
