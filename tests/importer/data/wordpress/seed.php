<?php
/* Makes the WordPress site whose export is tests/importer/data/wordpress/voltline.xml.
 *
 * Run once against Debian's `wordpress` package with php-cli and MariaDB (see README, "Moving from
 * WordPress"): php seed.php > voltline.xml. It installs a fresh site, writes the posts, comments
 * and attachments below (our own text) through WordPress's own functions, and prints the site's
 * WXR export as WordPress's own export_wp() writes it (Tools → Export → All content).
 */
if (php_sapi_name() !== 'cli') exit(1);
$_SERVER['HTTP_HOST'] = getenv('WP_HOST') ?: 'issue15.example';
$_SERVER['SERVER_NAME'] = $_SERVER['HTTP_HOST'];
$_SERVER['REQUEST_URI'] = '/';
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/export.php';

if (!is_blog_installed()) {
    wp_install('Voltline', 'admin', 'admin@voltline.example', true, '', wp_generate_password());
}
update_option('permalink_structure', '/%year%/%monthnum%/%postname%/');
update_option('blogdescription', 'Electric cars, batteries and the grid');
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%year%/%monthnum%/%postname%/');

function user($login, $first, $last, $email) {
    $id = username_exists($login);
    if (!$id) {
        $id = wp_insert_user(['user_login' => $login, 'user_pass' => wp_generate_password(),
            'user_email' => $email, 'first_name' => $first, 'last_name' => $last,
            'display_name' => "$first $last", 'role' => 'author']);
    }
    return $id;
}
$mira = user('mira', 'Mira', 'Okafor', 'mira@voltline.example');
$tomas = user('tomas', 'Tomás', 'Lindqvist', 'tomas@voltline.example');

function term($name, $taxonomy, $parent = 0) {
    $t = term_exists($name, $taxonomy);
    if (!$t) $t = wp_insert_term($name, $taxonomy, ['parent' => $parent]);
    return (int)$t['term_id'];
}
$batteries = term('Batteries', 'category');
$charging = term('Charging', 'category');
$solid = term('Solid-state', 'category', $batteries);

function post($args) {
    $found = get_posts(['name' => $args['post_name'], 'post_type' => $args['post_type'] ?? 'post',
        'post_status' => 'any', 'numberposts' => 1]);
    if ($found) return $found[0]->ID;
    $id = wp_insert_post($args, true);
    if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message() . "\n"); exit(1); }
    return $id;
}

// A featured image: the file itself is committed under uploads/2025/03/.
$upload_rel = '2025/03/charging-hub-dusk.jpg';
$attachment = get_posts(['name' => 'charging-hub-dusk', 'post_type' => 'attachment', 'post_status' => 'any', 'numberposts' => 1]);
$attachment_id = $attachment ? $attachment[0]->ID : wp_insert_attachment([
    'post_title' => 'Charging hub at dusk', 'post_name' => 'charging-hub-dusk',
    'post_excerpt' => 'The Kettering hub on its first evening.', 'post_mime_type' => 'image/jpeg',
    'post_status' => 'inherit', 'guid' => 'http://issue15.example/wp-content/uploads/' . $upload_rel,
    'post_date' => '2025-03-02 08:00:00',
], $upload_rel);
update_post_meta($attachment_id, '_wp_attached_file', $upload_rel);
update_post_meta($attachment_id, '_wp_attachment_image_alt', 'Six charging posts under a timber canopy at dusk');
$missing = get_posts(['name' => 'depot-roof', 'post_type' => 'attachment', 'post_status' => 'any', 'numberposts' => 1]);
$missing_id = $missing ? $missing[0]->ID : wp_insert_attachment([
    'post_title' => 'Depot roof', 'post_name' => 'depot-roof', 'post_mime_type' => 'image/jpeg',
    'post_status' => 'inherit', 'post_date' => '2025-04-01 08:00:00',
], '2025/04/depot-roof.jpg');
update_post_meta($missing_id, '_wp_attached_file', '2025/04/depot-roof.jpg');

// Gutenberg post: key takeaways box, numbered sections, pros and cons, a shortcode.
$hub = post([
    'post_title' => 'A motorway charging hub that runs on its own batteries', 'post_name' => 'kettering-charging-hub',
    'post_status' => 'publish', 'post_author' => $mira, 'post_date' => '2025-03-04 09:30:00',
    'post_category' => [$charging], 'tags_input' => ['Ionway', 'Grid storage', 'UK'],
    'comment_status' => 'open',
    'post_content' => <<<HTML
<!-- wp:paragraph -->
<p>A new charging hub beside the A14 stores cheap night-time power in second-life packs and sells it back to drivers at the evening peak.</p>
<!-- /wp:paragraph -->

<!-- wp:paragraph -->
<p>Ionway, which runs the site, says the batteries let it open with a grid connection a third the size it would otherwise need.</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2 class="wp-block-heading">Key Takeaways</h2>
<!-- /wp:heading -->

<!-- wp:list -->
<ul class="wp-block-list"><!-- wp:list-item -->
<li>The hub has twelve 300 kW chargers and 2.4 MWh of storage.</li>
<!-- /wp:list-item -->

<!-- wp:list-item -->
<li>Its grid connection is 1.5 MW instead of the 4 MW the chargers could draw.</li>
<!-- /wp:list-item -->

<!-- wp:list-item -->
<li>The storage packs come from retired delivery vans.</li>
<!-- /wp:list-item --></ul>
<!-- /wp:list -->

<!-- wp:heading -->
<h2 class="wp-block-heading">1. How the storage works</h2>
<!-- /wp:heading -->

<!-- wp:paragraph -->
<p>The packs charge between midnight and five in the morning, when power is cheapest, and discharge whenever more than four cars are plugged in.</p>
<!-- /wp:paragraph -->

[gallery ids="{$attachment_id}"]

<!-- wp:heading -->
<h2 class="wp-block-heading">2. What drivers pay</h2>
<!-- /wp:heading -->

<!-- wp:list -->
<ul class="wp-block-list"><!-- wp:list-item -->
<li>59p per kWh from 6 am to 10 pm.</li>
<!-- /wp:list-item -->

<!-- wp:list-item -->
<li>45p per kWh overnight.</li>
<!-- /wp:list-item --></ul>
<!-- /wp:list -->

<!-- wp:heading {"level":3} -->
<h3 class="wp-block-heading">Pros</h3>
<!-- /wp:heading -->

<!-- wp:list -->
<ul class="wp-block-list"><!-- wp:list-item -->
<li><strong>Smaller connection:</strong> the site opened two years sooner than a grid upgrade would have allowed.</li>
<!-- /wp:list-item --></ul>
<!-- /wp:list -->

<!-- wp:heading {"level":3} -->
<h3 class="wp-block-heading">Cons</h3>
<!-- /wp:heading -->

<!-- wp:list -->
<ul class="wp-block-list"><!-- wp:list-item -->
<li><strong>Peak price:</strong> daytime charging costs more than at the supermarket down the road.</li>
<!-- /wp:list-item --></ul>
<!-- /wp:list -->

<!-- wp:paragraph -->
<p>Ionway plans four more hubs like it by the end of next year.</p>
<!-- /wp:paragraph -->
HTML,
]);
update_post_meta($hub, '_thumbnail_id', $attachment_id);
update_post_meta($hub, 'wpdiscuz_post_rating', '4.2');
update_post_meta($hub, 'wpdiscuz_post_rating_count', '15');

// Classic-editor post with a caption shortcode and a missing featured image.
$cells = post([
    'post_title' => 'Why solid-state cells keep slipping', 'post_name' => 'solid-state-slipping',
    'post_status' => 'publish', 'post_author' => $tomas, 'post_date' => '2025-04-10 14:00:00',
    'post_category' => [$solid], 'tags_input' => ['Helio Cells', 'Solid-state'],
    'post_excerpt' => 'Every few months a start-up promises solid-state cells within two years. Here is what keeps moving the date.',
    'post_content' => "Lab cells are small, flat and pampered. Car cells are large and shaken for a decade.\n\n"
        . "<h2>At a glance</h2>\n<ul>\n<li>Dendrites still short thin separators in cold weather.</li>\n"
        . "<li>Dry-room production costs about twice as much as today's lines.</li>\n</ul>\n\n"
        . "[caption id=\"attachment_{$missing_id}\" align=\"alignnone\" width=\"800\"]<img src=\"/wp-content/uploads/2025/04/depot-roof.jpg\" alt=\"\" /> A pilot line[/caption]\n\n"
        . "<h2>The manufacturing problem</h2>\nPressing the layers together evenly over a large cell is the hard part.\n\n"
        . "<h2>What to watch</h2>\n<ol>\n<li>Sample deliveries to carmakers.</li>\n<li>Cycle life at &minus;20 &deg;C.</li>\n</ol>\n\n"
        . "Until then, treat any date with care.",
]);
update_post_meta($cells, '_thumbnail_id', $missing_id);

post(['post_title' => 'Draft: winter range notes', 'post_name' => 'winter-range-notes',
    'post_status' => 'draft', 'post_author' => $mira, 'post_category' => [$batteries],
    'post_content' => '<p>Notes from three cold mornings with four cars.</p><h2>Range lost</h2><p>Between a fifth and a third.</p>']);
post(['post_title' => 'Heat pumps compared', 'post_name' => 'heat-pumps-compared',
    'post_status' => 'pending', 'post_author' => $tomas, 'post_category' => [$batteries],
    'post_content' => '<p>Four cars with heat pumps and two without, driven the same route.</p>']);
post(['post_title' => 'Embargoed: new battery plant', 'post_name' => 'embargoed-plant',
    'post_status' => 'private', 'post_author' => $mira,
    'post_content' => '<p>Not to be published before the announcement.</p>']);
$old = post(['post_title' => 'Old rumour roundup', 'post_name' => 'old-rumour-roundup',
    'post_status' => 'publish', 'post_author' => $mira, 'post_content' => '<p>Binned.</p>']);
wp_trash_post($old);
post(['post_title' => 'About Voltline', 'post_name' => 'about', 'post_type' => 'page',
    'post_status' => 'publish', 'post_author' => 1, 'post_content' => '<p>We write about electric cars.</p>']);

// Comments: threads, states, a pingback, one trashed.
function comment($post, $args) {
    $found = get_comments(['post_id' => $post, 'status' => 'all', 'search' => $args['comment_content'], 'count' => true]);
    if ($found) return get_comments(['post_id' => $post, 'status' => 'all', 'search' => $args['comment_content'], 'fields' => 'ids'])[0];
    return wp_insert_comment(array_merge(['comment_post_ID' => $post, 'comment_author_IP' => '192.0.2.10',
        'comment_agent' => 'seed', 'comment_approved' => 1], $args));
}
$c1 = comment($hub, ['comment_author' => 'Priya N', 'comment_author_email' => 'priya@example.org',
    'comment_author_url' => 'https://priya.example.org', 'comment_date' => '2025-03-04 11:00:00',
    'comment_date_gmt' => '2025-03-04 11:00:00', 'comment_content' => 'Does the 59p include VAT?']);
$c2 = comment($hub, ['comment_author' => 'Mira Okafor', 'comment_author_email' => 'mira@voltline.example',
    'comment_date' => '2025-03-04 12:15:00', 'comment_date_gmt' => '2025-03-04 12:15:00', 'user_id' => $mira,
    'comment_parent' => $c1, 'comment_content' => "Yes, it does.\n\nIonway confirmed it this morning."]);
comment($hub, ['comment_author' => 'Priya N', 'comment_author_email' => 'priya@example.org',
    'comment_date' => '2025-03-04 12:40:00', 'comment_date_gmt' => '2025-03-04 12:40:00',
    'comment_parent' => $c2, 'comment_content' => 'Thanks, that makes it cheaper than I thought.']);
comment($hub, ['comment_author' => 'Gareth', 'comment_author_email' => 'gareth@example.net',
    'comment_date' => '2025-03-05 08:05:00', 'comment_date_gmt' => '2025-03-05 08:05:00',
    'comment_content' => 'Second-life packs <em>and</em> a small connection: clever.']);
comment($hub, ['comment_author' => 'New reader', 'comment_author_email' => 'new@example.com',
    'comment_date' => '2025-03-06 18:20:00', 'comment_date_gmt' => '2025-03-06 18:20:00', 'comment_approved' => 0,
    'comment_content' => 'How long do the second-life packs last?']);
comment($hub, ['comment_author' => 'cheap pills', 'comment_author_email' => 'spam@spam.example',
    'comment_date' => '2025-03-06 19:00:00', 'comment_date_gmt' => '2025-03-06 19:00:00', 'comment_approved' => 'spam',
    'comment_content' => 'Buy now at our shop']);
$trashed = comment($hub, ['comment_author' => 'Oops', 'comment_author_email' => 'oops@example.com',
    'comment_date' => '2025-03-06 19:30:00', 'comment_date_gmt' => '2025-03-06 19:30:00',
    'comment_content' => 'Posted twice by mistake']);
wp_trash_comment($trashed);
comment($hub, ['comment_author' => 'Grid Weekly', 'comment_author_url' => 'https://gridweekly.example/hubs',
    'comment_date' => '2025-03-07 07:00:00', 'comment_date_gmt' => '2025-03-07 07:00:00', 'comment_type' => 'pingback',
    'comment_content' => '[…] Voltline visited the Kettering hub […]']);
comment($cells, ['comment_author' => 'Lena', 'comment_author_email' => 'lena@example.org',
    'comment_date' => '2025-04-10 16:00:00', 'comment_date_gmt' => '2025-04-10 16:00:00',
    'comment_content' => 'The cold-weather point is the one nobody mentions.']);
wp_update_comment_count_now($hub);
wp_update_comment_count_now($cells);

ob_start();
export_wp(['content' => 'all']);
$xml = ob_get_clean();
echo $xml;
