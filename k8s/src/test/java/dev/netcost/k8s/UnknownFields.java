package dev.netcost.k8s;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the fields that a typed model did not recognise. fabric8 model classes keep unknown keys (a
 * misspelt {@code allowPrivilegeEscalaton}, a field at the wrong level, a value of the wrong type)
 * in {@code additionalProperties} instead of failing; an unknown key in a manifest is a setting
 * Kubernetes silently drops, which for a security field means the default (often the permissive
 * one) applies. This walks the loaded object graph and reports every such key by path.
 */
final class UnknownFields {
  private UnknownFields() {}

  /**
   * Paths like {@code spec.template.spec.containers[0].securityContext.allowPrivilegeEscalaton}.
   */
  static List<String> find(Object root) {
    List<String> found = new ArrayList<>();
    walk(root, "", found, Collections.newSetFromMap(new IdentityHashMap<>()));
    return found;
  }

  private static void walk(Object value, String path, List<String> found, Set<Object> seen) {
    if (value == null || isLeaf(value) || !seen.add(value)) {
      return;
    }
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "[" + i + "]", found, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        walk(entry.getValue(), path + "[" + entry.getKey() + "]", found, seen);
      }
      return;
    }
    Class<?> type = value.getClass();
    if (type.isRecord()) {
      for (RecordComponent component : type.getRecordComponents()) {
        walk(invoke(component.getAccessor(), value), join(path, component.getName()), found, seen);
      }
      return;
    }
    if (!type.getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method method : type.getMethods()) {
      if (method.getParameterCount() != 0
          || Modifier.isStatic(method.getModifiers())
          || method.getDeclaringClass() == Object.class) {
        continue;
      }
      String name = method.getName();
      if (name.equals("getAdditionalProperties")) {
        Map<?, ?> extra = (Map<?, ?>) invoke(method, value);
        if (extra != null) {
          extra.keySet().stream().map(key -> join(path, String.valueOf(key))).forEach(found::add);
        }
      } else if (name.startsWith("get") && name.length() > 3 && isModelGetter(method)) {
        String property = Character.toLowerCase(name.charAt(3)) + name.substring(4);
        walk(invoke(method, value), join(path, property), found, seen);
      }
    }
  }

  private static boolean isModelGetter(Method method) {
    Class<?> returned = method.getReturnType();
    return List.class.isAssignableFrom(returned)
        || Map.class.isAssignableFrom(returned)
        || returned.getName().startsWith("io.fabric8.");
  }

  private static boolean isLeaf(Object value) {
    return value instanceof String
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Enum<?>
        || value.getClass().isPrimitive();
  }

  private static Object invoke(Method method, Object target) {
    try {
      return method.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("Cannot read " + method + " of " + target.getClass(), e);
    }
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
