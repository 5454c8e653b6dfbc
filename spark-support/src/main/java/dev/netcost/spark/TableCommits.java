package dev.netcost.spark;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The per-date commit log of the output tables (docs/data-contract.md §6). A date's state is its
 * latest commit: an immutable text object {@code tables/_commits/date=D/NNNNNNNNNN.commit} created
 * exclusively, which lists every table file of the date (run-unique, content-addressed names).
 * Publishing moves the new files from {@code tables/_staging/date=D/RUN/TABLE/} into {@code
 * tables/TABLE/date=D/} ("applying" the commit) and then removes the files the commit no longer
 * lists; a commit that was created but not applied (the writer died) is rolled forward by the next
 * netcost command. netcost's own readers read the files the latest commit lists ({@link #files}),
 * so they see one commit of the date, never a mix, whatever moment a writer died.
 */
public final class TableCommits {
  public static final String COMMITS = "tables/_commits";
  public static final String STAGING = "tables/_staging";
  public static final String SYMLINK_MANIFESTS = "tables/_manifests";

  /** The table every run of a date adds its row to (it accumulates over the date's commits). */
  public static final String RUN_LOG = "run_log";

  private static final String HEADER = "netcost-commit 1";
  private static final int VERSION_DIGITS = 10;

  private TableCommits() {}

  /** One file of a table in a commit; {@code run} is the run that wrote (and staged) it. */
  public record FileEntry(String name, long bytes, String sha256, String run) {
    public FileEntry {
      checkToken(name, "name");
      checkToken(sha256, "sha256");
      checkToken(run, "run");
    }
  }

  /** A table's files for the date, under {@code directory} (a key relative to the store root). */
  public record TableFiles(String directory, List<FileEntry> files) {
    public TableFiles {
      checkToken(directory, "directory");
      files = List.copyOf(files);
    }
  }

  /** One commit: the complete state of one date's tables. */
  public record Commit(
      LocalDate date,
      long version,
      String runId,
      String command,
      Instant committedAt,
      Map<String, TableFiles> tables) {
    public Commit {
      requireNonNull(date, "date is null");
      checkToken(runId, "runId");
      checkToken(command, "command");
      requireNonNull(committedAt, "committedAt is null");
      tables = java.util.Collections.unmodifiableMap(new TreeMap<>(tables));
    }

    /** The commit's text form (what is stored). */
    public byte[] encode() {
      StringBuilder text = new StringBuilder(HEADER).append('\n');
      text.append("date ").append(date).append('\n');
      text.append("version ").append(version).append('\n');
      text.append("run_id ").append(runId).append('\n');
      text.append("command ").append(command).append('\n');
      text.append("committed_at ").append(committedAt).append('\n');
      tables.forEach(
          (table, files) -> {
            text.append("table ").append(table).append(' ').append(files.directory()).append('\n');
            for (FileEntry file : files.files()) {
              text.append("file ")
                  .append(table)
                  .append(' ')
                  .append(file.name())
                  .append(' ')
                  .append(file.bytes())
                  .append(' ')
                  .append(file.sha256())
                  .append(' ')
                  .append(file.run())
                  .append('\n');
            }
          });
      return text.toString().getBytes(UTF_8);
    }

    /** Reads a commit's text form; {@code source} names it in errors. */
    public static Commit decode(byte[] bytes, String source) {
      String[] lines = new String(bytes, UTF_8).split("\n");
      if (lines.length < 6 || !lines[0].equals(HEADER)) {
        throw new IllegalArgumentException(source + ": not a netcost commit (first line)");
      }
      Map<String, String> header = new LinkedHashMap<>();
      Map<String, String> directories = new LinkedHashMap<>();
      Map<String, List<FileEntry>> files = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        String[] parts = lines[i].split(" ");
        try {
          switch (parts[0]) {
            case "table" -> {
              directories.put(parts[1], parts[2]);
              files.put(parts[1], new ArrayList<>());
            }
            case "file" ->
                files
                    .get(parts[1])
                    .add(new FileEntry(parts[2], Long.parseLong(parts[3]), parts[4], parts[5]));
            default -> header.put(parts[0], parts[1]);
          }
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(source + ": malformed line " + (i + 1), e);
        }
      }
      Map<String, TableFiles> tables = new TreeMap<>();
      directories.forEach(
          (table, directory) -> tables.put(table, new TableFiles(directory, files.get(table))));
      try {
        return new Commit(
            LocalDate.parse(header.get("date")),
            Long.parseLong(header.get("version")),
            header.get("run_id"),
            header.get("command"),
            Instant.parse(header.get("committed_at")),
            tables);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(source + ": malformed header", e);
      }
    }
  }

  /** Key of the date's commit number {@code version}. */
  public static String commitKey(LocalDate date, long version) {
    return COMMITS
        + "/date="
        + date
        + "/"
        + String.format("%0" + VERSION_DIGITS + "d", version)
        + ".commit";
  }

  /** Key of the marker that says the commit's files are in place. */
  public static String appliedKey(LocalDate date, long version) {
    return commitKey(date, version).replace(".commit", ".applied");
  }

  /** Staging key of a file a run wrote for {@code date}. */
  public static String stagedKey(LocalDate date, String run, String table, String name) {
    return stagingKey(date, run) + "/" + table + "/" + name;
  }

  /** Staging directory of a run of {@code date}. */
  public static String stagingKey(LocalDate date, String run) {
    return STAGING + "/date=" + date + "/" + run;
  }

  /** The date's latest commit, if the date has one. */
  static Optional<Commit> latest(FileSystem fs, Path root, LocalDate date) throws IOException {
    Path directory = new Path(root, COMMITS + "/date=" + date);
    long best = -1;
    for (FileStatus status : list(fs, directory)) {
      String name = status.getPath().getName();
      if (name.endsWith(".commit") && name.length() == VERSION_DIGITS + ".commit".length()) {
        best = Math.max(best, Long.parseLong(name.substring(0, VERSION_DIGITS)));
      }
    }
    if (best < 0) {
      return Optional.empty();
    }
    String key = commitKey(date, best);
    return Optional.of(Commit.decode(read(fs, new Path(root, key)), root + "/" + key));
  }

  /** Whether the commit's files are known to be in place. */
  static boolean applied(FileSystem fs, Path root, Commit commit) throws IOException {
    return fs.exists(new Path(root, appliedKey(commit.date(), commit.version())));
  }

  /** Dates that have commits (sorted). */
  static List<LocalDate> committedDates(FileSystem fs, Path root) throws IOException {
    List<LocalDate> dates = new ArrayList<>();
    for (FileStatus status : list(fs, new Path(root, COMMITS))) {
      String name = status.getPath().getName();
      if (status.isDirectory() && name.startsWith("date=")) {
        dates.add(LocalDate.parse(name.substring("date=".length())));
      }
    }
    dates.sort(null);
    return dates;
  }

  /**
   * The files of {@code table} for {@code date} as its latest commit lists them, moved into place
   * first when the commit was not applied yet (moving only; never deleting, so a reader can never
   * damage a writer's work). A date without commits, or a table its commit does not list, is read
   * as its directory holds it (tables written before commits existed, and tables other programs
   * write). Empty when the date has no such table.
   */
  static List<Path> files(FileSystem fs, Path root, String table, LocalDate date)
      throws IOException {
    Optional<Commit> commit = latest(fs, root, date);
    if (commit.isPresent() && commit.get().tables().containsKey(table)) {
      TableFiles entry = commit.get().tables().get(table);
      if (!applied(fs, root, commit.get())) {
        moveIntoPlace(fs, root, commit.get(), table);
      }
      List<Path> paths = new ArrayList<>();
      for (FileEntry file : entry.files()) {
        paths.add(new Path(new Path(root, entry.directory()), file.name()));
      }
      return paths;
    }
    List<Path> paths = new ArrayList<>();
    for (FileStatus status : list(fs, new Path(root, TablePaths.partition(table, date)))) {
      String name = status.getPath().getName();
      if (status.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
        paths.add(status.getPath());
      }
    }
    paths.sort(null);
    return paths;
  }

  /** Whether the date has any file of {@code table} (through its commit, else its directory). */
  static boolean exists(FileSystem fs, Path root, String table, LocalDate date) throws IOException {
    return !files(fs, root, table, date).isEmpty();
  }

  /**
   * Moves the commit's files of {@code table} that are not yet in place from the writing run's
   * staging directory. Idempotent, and safe against a concurrent mover.
   */
  static void moveIntoPlace(FileSystem fs, Path root, Commit commit, String table)
      throws IOException {
    TableFiles entry = commit.tables().get(table);
    Path directory = new Path(root, entry.directory());
    for (FileEntry file : entry.files()) {
      Path target = new Path(directory, file.name());
      if (fs.exists(target)) {
        continue;
      }
      Path staged = new Path(root, stagedKey(commit.date(), file.run(), table, file.name()));
      fs.mkdirs(directory);
      boolean moved;
      try {
        moved = fs.rename(staged, target);
      } catch (FileNotFoundException e) {
        moved = false;
      }
      if (!moved && !fs.exists(target)) {
        throw new IOException(
            "Commit "
                + commit.version()
                + " of "
                + commit.date()
                + " lists "
                + target
                + " but neither it nor its staged copy "
                + staged
                + " exists (the store was changed by hand?)");
      }
    }
  }

  /**
   * Applies a commit completely (only by the holder of the date's lease): every listed file in
   * place, the Hive symlink manifest of each table rewritten, every unlisted file of the table
   * directories removed, then the {@code .applied} marker written.
   */
  static void apply(FileSystem fs, Path root, Commit commit, ApplyHook hook) throws IOException {
    for (Map.Entry<String, TableFiles> table : commit.tables().entrySet()) {
      moveIntoPlace(fs, root, commit, table.getKey());
      hook.reached("moved:" + table.getKey());
      writeSymlinkManifest(fs, root, commit, table.getKey());
      Path directory = new Path(root, table.getValue().directory());
      List<String> keep = table.getValue().files().stream().map(FileEntry::name).toList();
      for (FileStatus status : list(fs, directory)) {
        if (status.isFile() && !keep.contains(status.getPath().getName())) {
          fs.delete(status.getPath(), false);
        }
      }
      if (keep.isEmpty() && fs.exists(directory) && list(fs, directory).length == 0) {
        fs.delete(directory, false);
      }
      hook.reached("cleaned:" + table.getKey());
    }
    writeObject(fs, new Path(root, appliedKey(commit.date(), commit.version())), new byte[0]);
  }

  /** Where the tests stop a writer (fault injection); production passes {@link #NO_HOOK}. */
  @FunctionalInterface
  public interface ApplyHook {
    void reached(String step);
  }

  public static final ApplyHook NO_HOOK = step -> {};

  /**
   * Rewrites {@code tables/_manifests/TABLE/date=D/manifest} (outside the table's directory, so
   * that readers of the directory never meet it): one full URI a line, the table's files in the
   * commit (Hive's SymlinkTextInputFormat, as Athena reads it; BigQuery's newline-delimited
   * manifest). One object, replaced whole: such readers switch atomically.
   */
  private static void writeSymlinkManifest(FileSystem fs, Path root, Commit commit, String table)
      throws IOException {
    TableFiles entry = commit.tables().get(table);
    if (!entry.directory().equals(TablePaths.partition(table, commit.date()))) {
      return; // quarantine lists are not tables
    }
    Path manifest = new Path(root, SYMLINK_MANIFESTS + "/" + table + "/date=" + commit.date());
    Path file = new Path(manifest, "manifest");
    if (entry.files().isEmpty()) {
      fs.delete(manifest, true);
      return;
    }
    StringBuilder text = new StringBuilder();
    for (FileEntry f : entry.files()) {
      String uri =
          fs.makeQualified(new Path(new Path(root, entry.directory()), f.name()))
              .toUri()
              .toString();
      text.append(uri.startsWith("s3a://") ? "s3://" + uri.substring(6) : uri).append('\n');
    }
    writeObject(fs, file, text.toString().getBytes(UTF_8));
  }

  /** Writes an object whole, replacing it (temporary name, then rename, on file systems). */
  static void writeObject(FileSystem fs, Path path, byte[] data) throws IOException {
    String scheme = fs.getUri().getScheme();
    if ("file".equals(scheme)) {
      Path temporary = new Path(path.getParent(), "." + path.getName() + ".tmp");
      fs.mkdirs(path.getParent());
      try (OutputStream out = fs.create(temporary, true)) {
        out.write(data);
      }
      // qualified: a store root given as a plain path has no scheme in its Paths
      java.nio.file.Files.move(
          java.nio.file.Paths.get(fs.makeQualified(temporary).toUri()),
          java.nio.file.Paths.get(fs.makeQualified(path).toUri()),
          java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    // object stores: a PUT is atomic
    try (OutputStream out = fs.create(path, true)) {
      out.write(data);
    }
  }

  static byte[] read(FileSystem fs, Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  static FileStatus[] list(FileSystem fs, Path directory) throws IOException {
    try {
      FileStatus[] statuses = fs.listStatus(directory);
      java.util.Arrays.sort(statuses, java.util.Comparator.comparing(s -> s.getPath().getName()));
      return statuses;
    } catch (FileNotFoundException e) {
      return new FileStatus[0];
    }
  }

  private static void checkToken(String value, String what) {
    requireNonNull(value, what + " is null");
    if (value.isEmpty() || value.chars().anyMatch(c -> c == ' ' || c == '\n' || c == '\r')) {
      throw new IllegalArgumentException(
          what + " must be non-empty without spaces: '" + value + "'");
    }
  }
}
