import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the suite's topics from scripts/topics.conf if they do not exist yet (one JVM for all of
 * them, instead of one kafka-topics call per topic). Usage: java -cp 'lib/*' CreateTopics.java BOOTSTRAP FILE [PREFIX]
 */
public class CreateTopics {
    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String prefix = args.length > 2 ? args[2] : "";
        List<NewTopic> topics = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] parts = line.split("\\s+");
            Map<String, String> configs = new HashMap<>();
            if (parts.length > 2) {
                for (String kv : parts[2].split(",")) {
                    String[] pair = kv.split("=", 2);
                    configs.put(pair[0], pair[1]);
                }
            }
            topics.add(new NewTopic(prefix + parts[0], Integer.parseInt(parts[1]), (short) 1).configs(configs));
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            for (NewTopic topic : topics) {
                if (existing.contains(topic.name())) continue;
                try {
                    admin.createTopics(List.of(topic)).all().get();
                    System.out.println("created topic " + topic.name() + " (" + topic.numPartitions() + " partitions)");
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) throw e;
                }
            }
        }
    }
}
