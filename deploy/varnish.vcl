vcl 4.1;
# Varnish in front of evnews (Debian's varnish package; tested by tests/deploy/test_varnish.py).
#
# What it caches: only responses the site marks `Cache-Control: public` (the shared reader pages,
# feeds, sitemap and static files), never one that sets a cookie, and never a request from
# someone with something of their own on the site (session, pending message, voter cookie):
# those reach the app, as in articles/caching.py. How long: the app's `s-maxage`; nothing waits
# for it to run out, because the app bans exactly the URLs a change affects, after its commit
# (articles/caching.py, HTTP_CACHE_PURGE_URLS=http://127.0.0.1:6081/).
#
# Run: varnishd -a :6081 -f /etc/varnish/evnews.vcl -s malloc,256m
# with the app on the backend below; set TRUSTED_PROXY_COUNT=1 (Varnish adds X-Forwarded-For).

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .first_byte_timeout = 30s;
}

# Who may ban: the app nodes. Add their addresses when they run on other machines.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed to ban"));
        }
        if (!req.http.X-Ban-Url) {
            return (synth(400, "X-Ban-Url missing"));
        }
        # A regular expression over the cached objects' URLs (path and query).
        ban("obj.http.X-Url ~ " + req.http.X-Ban-Url);
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|reader)/") {
        return (pass);  # staff pages; a reader's own state
    }
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages|evnews_voter)=") {
        return (pass);  # the app answers them with a private page
    }
    # Everyone else shares one copy: the Cookie header (a CSRF cookie at most) is kept aside for
    # the app, which ignores it on shared pages, and left out of the lookup.
    if (req.http.Cookie) {
        set req.http.X-Kept-Cookie = req.http.Cookie;
        unset req.http.Cookie;
    }
    return (hash);
}

sub vcl_backend_fetch {
    if (bereq.http.X-Kept-Cookie) {
        set bereq.http.Cookie = bereq.http.X-Kept-Cookie;
        unset bereq.http.X-Kept-Cookie;
    }
}

sub vcl_backend_response {
    set beresp.http.X-Url = bereq.url;  # what a ban matches
    if (beresp.http.Cache-Control !~ "public" || beresp.http.Set-Cookie) {
        # Not shareable: remember that for a little while, so requests go straight through.
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
    # Strangers' cookies never reach the lookup (vcl_recv), so a variant per Cookie would only
    # split one shared page into copies; vcl_deliver gives browsers the app's Vary back.
    if (beresp.http.Vary) {
        set beresp.http.X-Vary = beresp.http.Vary;
        set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)(^|,)\s*cookie\s*(,|$)", "\2");
        set beresp.http.Vary = regsub(beresp.http.Vary, "^,\s*", "");
        if (beresp.http.Vary == "") {
            unset beresp.http.Vary;
        }
    }
    # A banned object is never served, not even while a new copy is fetched.
    set beresp.grace = 0s;
}

sub vcl_deliver {
    if (resp.http.X-Vary) {
        set resp.http.Vary = resp.http.X-Vary;
        unset resp.http.X-Vary;
    }
    unset resp.http.X-Url;
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "HIT";
    } else {
        set resp.http.X-Varnish-Cache = "MISS";
    }
}
