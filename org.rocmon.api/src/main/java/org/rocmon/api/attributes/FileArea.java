package org.rocmon.api.attributes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.rocmon.api.mixin.InvalidAttributeException;

/**
 * Where mixins may write files: the node's data folder ({@link org.rocmon.api.runtime.NodeProperties#DATA}) and the
 * folders an operator adds ({@link org.rocmon.api.runtime.NodeProperties#FILE_FOLDERS}). The host resolves every
 * {@code path} attribute ({@link org.rocmon.api.mixin.AttributeSpec.Type#PATH}) through {@link #resolve}, for every
 * caller, admins included, so a mixin never checks a path itself.
 *
 * <p>A relative path is taken under the data folder. The path is normalised ({@code ..} removed), then the longest
 * part of it that exists is resolved to its real path (symbolic links followed) and the rest appended; the result
 * must lie in the real path of one of the folders. The mixin is given that result, so what was checked is what it
 * opens; it should open the file itself without following a link ({@link LinkOption#NOFOLLOW_LINKS}), so that a
 * link put in its place afterwards is not followed either. Immutable and thread-safe.
 *
 * @since 1.1
 */
public final class FileArea {

    private final Path dataFolder;
    private final List<Path> folders;

    private FileArea(Path dataFolder, List<Path> folders) {
        this.dataFolder = dataFolder;
        this.folders = folders;
    }

    /**
     * @param dataFolder the node's data folder; relative to the working directory
     * @param moreFolders further folders mixins may write under; relative ones are taken under the data folder
     * @return the area
     */
    public static FileArea of(Path dataFolder, List<Path> moreFolders) {
        Path data = Objects.requireNonNull(dataFolder, "dataFolder").toAbsolutePath().normalize();
        List<Path> all = new ArrayList<>();
        all.add(data);
        for (Path p : moreFolders == null ? List.<Path>of() : moreFolders) {
            Path abs = data.resolve(p).normalize();
            if (!all.contains(abs)) {
                all.add(abs);
            }
        }
        return new FileArea(data, Collections.unmodifiableList(all));
    }

    /**
     * The area from the framework properties' text.
     *
     * @param dataFolder value of {@code rocmon.data}; {@code null} or blank: the working directory
     * @param moreFolders value of {@code rocmon.files.folders}: folders separated by commas (or the platform's path
     *        separator); {@code null} or blank for none
     * @return the area
     * @throws IllegalArgumentException naming an entry that is not a path
     */
    public static FileArea parse(String dataFolder, String moreFolders) {
        Path data = Paths.get(dataFolder == null || dataFolder.isBlank() ? "" : dataFolder.trim());
        List<Path> more = new ArrayList<>();
        if (moreFolders != null) {
            for (String entry : moreFolders.split("[," + java.io.File.pathSeparator + "]")) {
                if (!entry.isBlank()) {
                    try {
                        more.add(Paths.get(entry.trim()));
                    } catch (InvalidPathException e) {
                        throw new IllegalArgumentException("'" + entry.trim() + "' is not a folder: " + e.getMessage(),
                                e);
                    }
                }
            }
        }
        return of(data, more);
    }

    /** @return the data folder, absolute: relative paths are taken under it */
    public Path dataFolder() {
        return dataFolder;
    }

    /** @return every folder mixins may write under, the data folder first, absolute */
    public List<Path> folders() {
        return folders;
    }

    /**
     * @param attribute the full attribute name, for the message
     * @param given the path as the description gives it
     * @return the absolute path with links resolved, inside one of the folders
     * @throws InvalidAttributeException naming the attribute when the path is not one, or lies outside
     */
    public Path resolve(String attribute, String given) throws InvalidAttributeException {
        String text = given == null ? "" : given.trim();
        if (text.isEmpty() || text.indexOf('\0') >= 0) {
            throw new InvalidAttributeException(attribute, "attribute '" + attribute + "' must name a file");
        }
        Path path;
        try {
            path = dataFolder.resolve(text).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidAttributeException(attribute, "attribute '" + attribute + "' is not a file name: " + text);
        }
        Path real = real(path);
        for (Path folder : folders) {
            Path root = real(folder);
            if (real.startsWith(root) && !real.equals(root)) {
                return real;
            }
        }
        throw new InvalidAttributeException(attribute, "attribute '" + attribute + "': " + text + " is outside the"
                + " folders this node lets mixins write in " + folders + " (relative paths are taken under "
                + dataFolder + ")");
    }

    /** The real path of the longest existing part of {@code path}, with the rest (which does not exist) appended. */
    static Path real(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path)).normalize();
        } catch (IOException e) {
            // A dangling link (or one we may not follow): where it leads cannot be checked, so nothing matches it.
            return Paths.get("/").resolve(".unresolvable-" + path.getFileName());
        }
    }

    @Override
    public String toString() {
        return "FileArea" + folders;
    }
}
