package dev.netcost.k8s;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read into its instructions (continuation lines joined, comments dropped), enough to
 * check stages, base images, users and entry points without a Docker engine.
 */
record Dockerfile(Path path, List<Instruction> instructions) {
  record Instruction(String keyword, String arguments, int line) {}

  private static final Pattern ARG = Pattern.compile("(\\w+)=(\\S+)");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(\\w+)}");

  Dockerfile {
    requireNonNull(path, "path is null");
    instructions = List.copyOf(instructions);
  }

  static Dockerfile read(Path path) {
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder current = null;
    int start = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String trimmed = line.strip();
      if (current == null && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (current != null && trimmed.startsWith("#")) {
        continue;
      }
      if (current == null) {
        current = new StringBuilder();
        start = i + 1;
      }
      boolean continued = trimmed.endsWith("\\");
      current.append(continued ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
      if (!continued) {
        String text = current.toString().strip();
        int space = text.indexOf(' ');
        if (space < 0) {
          throw new IllegalArgumentException(
              path + " line " + start + ": instruction without arguments: " + text);
        }
        instructions.add(
            new Instruction(
                text.substring(0, space).toUpperCase(java.util.Locale.ROOT),
                text.substring(space + 1).strip(),
                start));
        current = null;
      }
    }
    if (current != null) {
      throw new IllegalArgumentException(path + ": ends inside a continued instruction");
    }
    return new Dockerfile(path, instructions);
  }

  /** Defaults of the ARGs declared before the first FROM (the ones FROM lines may use). */
  Map<String, String> globalArgs() {
    Map<String, String> args = new LinkedHashMap<>();
    for (Instruction instruction : instructions) {
      if (instruction.keyword().equals("FROM")) {
        break;
      }
      if (instruction.keyword().equals("ARG")) {
        Matcher matcher = ARG.matcher(instruction.arguments());
        if (matcher.matches()) {
          args.put(matcher.group(1), matcher.group(2));
        }
      }
    }
    return args;
  }

  /** The base image of each stage, ARG references resolved to their defaults. */
  List<String> baseImages() {
    Map<String, String> args = globalArgs();
    List<String> images = new ArrayList<>();
    for (Instruction instruction : instructions) {
      if (instruction.keyword().equals("FROM")) {
        String image = instruction.arguments().split("\\s+")[0];
        Matcher matcher = REFERENCE.matcher(image);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
          String value = args.get(matcher.group(1));
          if (value == null) {
            throw new IllegalArgumentException(
                path
                    + " line "
                    + instruction.line()
                    + ": FROM uses undeclared ARG "
                    + matcher.group(1));
          }
          matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(resolved);
        images.add(resolved.toString());
      }
    }
    return images;
  }

  /** Instructions of the final stage. */
  List<Instruction> finalStage() {
    int last = 0;
    for (int i = 0; i < instructions.size(); i++) {
      if (instructions.get(i).keyword().equals("FROM")) {
        last = i;
      }
    }
    return instructions.subList(last, instructions.size());
  }

  /** The default of an ARG declared inside the final stage. */
  String finalStageArg(String name) {
    for (Instruction instruction : finalStage()) {
      if (instruction.keyword().equals("ARG")) {
        Matcher matcher = ARG.matcher(instruction.arguments());
        if (matcher.matches() && matcher.group(1).equals(name)) {
          return matcher.group(2);
        }
      }
    }
    return null;
  }

  String lastInFinalStage(String keyword) {
    String found = null;
    for (Instruction instruction : finalStage()) {
      if (instruction.keyword().equals(keyword)) {
        found = instruction.arguments();
      }
    }
    return found;
  }
}
