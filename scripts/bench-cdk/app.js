// The CDK side of scripts/bench-cdk.sh (aws-cdk-lib 2.276.0, constructs 10.8.1): one stack of N
// dailyWeeklyMonthly5YearRetention plans, each with a tag selection, synthesized into a cloud
// assembly. `node app.js <N> <outdir> <on|off>`: validation on (CDK's default: construct
// validation, then the built-in CloudFormation template validation) or off (both:
// `builtinCloudFormationValidation: false` and `app.synth({ skipValidation: true })`). The resource
// limit is lifted (`@aws-cdk/core:stackResourceLimit: 0`) as the Rust side does with
// `resource_limit(0)`.
const cdk = require('aws-cdk-lib');
const backup = require('aws-cdk-lib/aws-backup');

const [plans, outdir, validation] = process.argv.slice(2);
const n = Number(plans);
if (!Number.isInteger(n) || n < 0 || !outdir || !['on', 'off'].includes(validation)) {
  console.error('usage: node app.js <number of plans> <outdir> <on|off>');
  process.exit(2);
}
const validate = validation === 'on';
const app = new cdk.App({
  outdir,
  context: { '@aws-cdk/core:stackResourceLimit': 0 },
  builtinCloudFormationValidation: validate,
});
const stack = new cdk.Stack(app, 'Stack');
for (let i = 0; i < n; i++) {
  const plan = backup.BackupPlan.dailyWeeklyMonthly5YearRetention(stack, `Plan${i}`);
  plan.addSelection('Selection', { resources: [backup.BackupResource.fromTag('backup', 'daily')] });
}
app.synth({ skipValidation: !validate });
