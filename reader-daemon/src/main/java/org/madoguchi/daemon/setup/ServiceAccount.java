package org.madoguchi.daemon.setup;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;
import java.util.Set;

/**
 * The OS account the service runs as ({@code madoguchi}, made by the package) and what it may do
 * with a file, judged from POSIX owner, group and mode bits. On a file system without POSIX
 * permissions (Windows) every question answers "cannot tell" and callers say so.
 */
public final class ServiceAccount {
    /** The account the Debian package creates and the systemd unit runs as. */
    public static final String DEFAULT_USER = "madoguchi";

    private final String name;
    private final UserPrincipal user;
    private final Optional<GroupPrincipal> group;

    private ServiceAccount(String name, UserPrincipal user, Optional<GroupPrincipal> group) {
        this.name = name;
        this.user = user;
        this.group = group;
    }

    /** The account, when it exists on this machine. */
    public static Optional<ServiceAccount> lookup(String name) {
        if (!posix()) {
            return Optional.empty();
        }
        var lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        try {
            UserPrincipal user = lookup.lookupPrincipalByName(name);
            Optional<GroupPrincipal> group;
            try {
                group = Optional.of(lookup.lookupPrincipalByGroupName(name));
            } catch (UserPrincipalNotFoundException e) {
                group = Optional.empty();
            }
            return Optional.of(new ServiceAccount(name, user, group));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    public String name() {
        return name;
    }

    /** Whether this process runs as root (the only user that may give a file away). */
    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Whether this process runs as the named account. */
    public boolean isCurrentUser() {
        return name.equals(System.getProperty("user.name"));
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** Makes this account (and its group, when there is one) the owner of the file. */
    public void takeOwnership(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        view.setOwner(user);
        if (group.isPresent()) {
            view.setGroup(group.get());
        }
    }

    /** Whether the account can read the file, from its owner, group and mode (root: always). */
    public boolean canRead(Path file) throws IOException {
        return allowed(file, PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OTHERS_READ);
    }

    /** Whether the account can create files in the directory (write and search), from owner, group and mode. */
    public boolean canWriteIn(Path dir) throws IOException {
        return allowed(dir, PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_WRITE)
                && allowed(dir, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_EXECUTE);
    }

    private boolean allowed(Path file, PosixFilePermission owner, PosixFilePermission grp, PosixFilePermission other)
            throws IOException {
        if (name.equals("root")) {
            return true;
        }
        PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class);
        Set<PosixFilePermission> p = a.permissions();
        if (a.owner().getName().equals(name)) {
            return p.contains(owner);
        }
        if (group.isPresent() && a.group().getName().equals(group.get().getName())) {
            return p.contains(grp);
        }
        return p.contains(other);
    }
}
