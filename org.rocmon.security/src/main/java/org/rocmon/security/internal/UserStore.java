package org.rocmon.security.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Users (name, password hash, roles) and bearer tokens (id, user, SHA-256 of the secret) of a node, kept in
 * {@code <folder>/users.json} (mode 600, folder 700, replaced atomically on every change). Never a password or a
 * token in clear. Thread-safe; changes are rare, so every method synchronizes on the store.
 */
final class UserStore {

    static final String FILE = "users.json";

    /** One user; immutable. */
    static final class User {
        final String name;
        final String hash;
        final Set<String> roles;
        final long created;

        User(String name, String hash, Set<String> roles, long created) {
            this.name = name;
            this.hash = hash;
            this.roles = Set.copyOf(roles);
            this.created = created;
        }
    }

    /** One bearer token; immutable. */
    static final class Token {
        final String id;
        final String user;
        final String hash;
        final String label;
        final long created;

        Token(String id, String user, String hash, String label, long created) {
            this.id = id;
            this.user = user;
            this.hash = hash;
            this.label = label;
            this.created = created;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path folder;
    private final Map<String, User> users = new TreeMap<>();
    private final Map<String, Token> tokens = new LinkedHashMap<>();
    private final Map<String, Token> tokensByHash = new HashMap<>();
    /** Bumped on every change, so that caches of verified credentials know they are stale. */
    private volatile long generation;

    /** @param folder where {@value #FILE} lives, or {@code null} to keep everything in memory */
    UserStore(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    long generation() {
        return generation;
    }

    /** Reads the file, if there is one. */
    synchronized void load() throws IOException {
        users.clear();
        tokens.clear();
        tokensByHash.clear();
        if (folder == null || !Files.isRegularFile(folder.resolve(FILE))) {
            return;
        }
        JsonNode root = MAPPER.readTree(folder.resolve(FILE).toFile());
        root.path("users").fields().forEachRemaining(e -> {
            JsonNode u = e.getValue();
            Set<String> roles = new LinkedHashSet<>();
            u.path("roles").forEach(r -> roles.add(r.asText()));
            users.put(e.getKey(), new User(e.getKey(), u.path("hash").asText(), roles, u.path("created").asLong()));
        });
        root.path("tokens").fields().forEachRemaining(e -> {
            JsonNode t = e.getValue();
            Token token = new Token(e.getKey(), t.path("user").asText(), t.path("hash").asText(),
                    t.path("label").isTextual() ? t.path("label").asText() : null, t.path("created").asLong());
            if (users.containsKey(token.user)) {
                tokens.put(token.id, token);
                tokensByHash.put(token.hash, token);
            }
        });
        generation++;
    }

    synchronized User user(String name) {
        return users.get(name);
    }

    synchronized List<User> users() {
        return new ArrayList<>(users.values());
    }

    /** Adds or replaces a user. */
    synchronized void put(User user) throws IOException {
        User old = users.put(user.name, user);
        try {
            save();
        } catch (IOException e) {
            restore(users, user.name, old);
            throw e;
        }
    }

    /** Removes a user and every token of theirs; returns whether there was one. */
    synchronized boolean remove(String name) throws IOException {
        User old = users.remove(name);
        if (old == null) {
            return false;
        }
        List<Token> theirs = tokensOf(name);
        for (Token t : theirs) {
            tokens.remove(t.id);
            tokensByHash.remove(t.hash);
        }
        try {
            save();
        } catch (IOException e) {
            users.put(name, old);
            for (Token t : theirs) {
                tokens.put(t.id, t);
                tokensByHash.put(t.hash, t);
            }
            throw e;
        }
        return true;
    }

    synchronized Token tokenByHash(String hash) {
        return tokensByHash.get(hash);
    }

    synchronized Token token(String id) {
        return tokens.get(id);
    }

    synchronized List<Token> tokensOf(String user) {
        List<Token> out = new ArrayList<>();
        for (Token t : tokens.values()) {
            if (t.user.equals(user)) {
                out.add(t);
            }
        }
        return out;
    }

    synchronized void add(Token token) throws IOException {
        tokens.put(token.id, token);
        tokensByHash.put(token.hash, token);
        try {
            save();
        } catch (IOException e) {
            tokens.remove(token.id);
            tokensByHash.remove(token.hash);
            throw e;
        }
    }

    synchronized boolean revoke(String id) throws IOException {
        Token t = tokens.remove(id);
        if (t == null) {
            return false;
        }
        tokensByHash.remove(t.hash);
        try {
            save();
        } catch (IOException e) {
            tokens.put(t.id, t);
            tokensByHash.put(t.hash, t);
            throw e;
        }
        return true;
    }

    private static <V> void restore(Map<String, V> map, String key, V old) {
        if (old == null) {
            map.remove(key);
        } else {
            map.put(key, old);
        }
    }

    private void save() throws IOException {
        generation++;
        if (folder == null) {
            return;
        }
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode u = root.putObject("users");
        for (User user : users.values()) {
            ObjectNode n = u.putObject(user.name);
            n.put("hash", user.hash);
            ArrayNode roles = n.putArray("roles");
            user.roles.stream().sorted().forEach(roles::add);
            n.put("created", user.created);
        }
        ObjectNode t = root.putObject("tokens");
        for (Token token : tokens.values()) {
            ObjectNode n = t.putObject(token.id);
            n.put("user", token.user);
            n.put("hash", token.hash);
            if (token.label != null) {
                n.put("label", token.label);
            }
            n.put("created", token.created);
        }
        writePrivate(folder.resolve(FILE), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    /** Creates the folder readable by the node's user only (700), where the file system has POSIX permissions. */
    static void createPrivateFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        if (posix(folder.getParent() == null ? folder.toAbsolutePath().getParent() : folder.getParent())) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(folder);
        }
    }

    /** Writes a file readable by the node's user only (600): a temporary file first, then an atomic move. */
    static void writePrivate(Path file, byte[] content) throws IOException {
        createPrivateFolder(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        FileAttribute<?>[] attrs = posix(file.getParent())
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(Set.of(
                        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))}
                : new FileAttribute<?>[0];
        try {
            Files.createFile(tmp, attrs);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot create " + tmp + ": it exists", e);
        }
        Files.write(tmp, content);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean posix(Path dir) {
        Path p = dir;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p != null && Files.getFileAttributeView(p,
                java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }
}
