package org.rocmon.mixins.metric.nagios.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Pattern;

/**
 * The one folder plugins are taken from. A command is a bare file name, never a path: it must resolve, links
 * followed, to an executable regular file inside the folder, so no description can run anything else on the node.
 */
final class PluginDirectory {

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_+][A-Za-z0-9._+-]{0,127}");

    private final Path folder;

    PluginDirectory(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    static PluginDirectory of(String folder) {
        try {
            return new PluginDirectory(Paths.get(folder));
        } catch (InvalidPathException e) {
            // An unusable setting must not widen anything: a folder that cannot exist matches nothing.
            return new PluginDirectory(Paths.get("/nonexistent-rocmon-plugin-folder"));
        }
    }

    Path folder() {
        return folder;
    }

    /**
     * @param command the plugin's file name, e.g. {@code check_load}
     * @return the path to run it by (inside the folder; the name it is called by matters to some plugins)
     * @throws IllegalArgumentException saying why the command cannot be run
     */
    Path resolve(String command) {
        if (command.contains("/") || command.contains("\\") || command.contains("..")
                || !FILE_NAME.matcher(command).matches()) {
            throw new IllegalArgumentException("'" + command + "' is not a plugin file name (letters, digits and"
                    + " . _ + - only; no '/' and no '..')");
        }
        Path realFolder;
        try {
            realFolder = folder.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("the plugin folder " + folder + " does not exist on this node");
        }
        Path file = folder.resolve(command);
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("there is no plugin '" + command + "' in " + folder);
        } catch (IOException e) {
            throw new IllegalArgumentException("plugin '" + command + "' in " + folder + " cannot be read: " + e);
        }
        if (!real.startsWith(realFolder)) {
            throw new IllegalArgumentException("plugin '" + command + "' leads out of " + folder);
        }
        if (!Files.isRegularFile(real) || !Files.isExecutable(real)) {
            throw new IllegalArgumentException("plugin '" + command + "' in " + folder + " is not an executable file");
        }
        return file;
    }
}
