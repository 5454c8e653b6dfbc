package dev.netcost.signals;

/** Body of the webhook POST. */
public enum WebhookFormat {
  /** {@code {"date": ..., "summary": [...], "alerts": [{...}]}}. */
  JSON("json"),
  /**
   * {@code {"text": "..."}}: what Slack incoming webhooks (and Mattermost, Teams' Slack mode) take.
   */
  SLACK("slack");

  private final String wireName;

  WebhookFormat(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static WebhookFormat fromWireName(String value) {
    for (WebhookFormat format : values()) {
      if (format.wireName.equalsIgnoreCase(value)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "Invalid webhook format: " + value + " (expected json or slack)");
  }
}
