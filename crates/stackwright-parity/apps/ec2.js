// EC2 networking with aws-cdk-lib; twin of src/cases/ec2.rs. The harness runs this with
// NODE_PATH at .tools/cdk-lib/node_modules and CDK_OUTDIR set. No context: stacks of a known
// environment get the CDK's dummy availability zones (dummy1a, dummy1b, dummy1c).
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');

const app = new cdk.App();
const env = { account: '111111111111', region: 'us-east-2' };
const { SubnetType, Port, Peer } = ec2;

// The reference data lake's VPC stack: a /24 over three zones, public and private /27
// subnets, a NAT gateway per zone, a shared security group, gateway and interface endpoints,
// and the exports the ETL app imports.
{
  const stack = new cdk.Stack(app, 'DataLakeVpc', { env });
  const vpc = new ec2.Vpc(stack, 'DevDataLakeVpc', {
    ipAddresses: ec2.IpAddresses.cidr('10.20.0.0/24'),
    maxAzs: 3,
    natGateways: 3,
    subnetConfiguration: [
      { name: 'Public', subnetType: SubnetType.PUBLIC, cidrMask: 27 },
      { name: 'Private', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 27 },
    ],
  });
  const shared = new ec2.SecurityGroup(stack, 'SharedIngressSecurityGroup', {
    vpc,
    description: 'Shared Security Group for Data Lake resources with self-referencing ingress rule.',
    securityGroupName: 'dev-datalake-shared-ingress',
  });
  shared.addIngressRule(shared, Port.allTraffic(), 'Self-referencing ingress rule');
  shared.addIngressRule(Peer.ipv4(vpc.vpcCidrBlock), Port.tcp(443), 'HTTPS from the VPC');
  const privateSubnets = { subnetType: SubnetType.PRIVATE_WITH_EGRESS };
  vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [privateSubnets] });
  vpc.addGatewayEndpoint('DynamoDbEndpoint', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB, subnets: [privateSubnets] });
  const interfaces = [
    ['GlueEndpoint', ec2.InterfaceVpcEndpointAwsService.GLUE],
    ['KmsEndpoint', ec2.InterfaceVpcEndpointAwsService.KMS],
    ['SsmEndpoint', ec2.InterfaceVpcEndpointAwsService.SSM],
    ['SecretsManagerEndpoint', ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
    ['StepFunctionsEndpoint', ec2.InterfaceVpcEndpointAwsService.STEP_FUNCTIONS],
  ];
  for (const [id, service] of interfaces) {
    vpc.addInterfaceEndpoint(id, { service, subnets: privateSubnets, privateDnsEnabled: true, securityGroups: [shared] });
  }
  const exp = (id, value) => new cdk.CfnOutput(stack, id, { value, exportName: `Dev-${id}` });
  exp('VpcId', vpc.vpcId);
  vpc.availabilityZones.forEach((az, i) => exp(`AvailabilityZone${i + 1}`, az));
  vpc.privateSubnets.forEach((s, i) => exp(`PrivateSubnet${i + 1}`, s.subnetId));
  vpc.privateSubnets.forEach((s, i) => exp(`PrivateRouteTable${i + 1}`, s.routeTable.routeTableId));
  exp('SharedSecurityGroup', shared.securityGroupId);
}

// Shapes of subnet allocation and NAT placement.
// The CDK's defaults: 10.0.0.0/16, three zones, public and private /19, a NAT per zone.
new ec2.Vpc(new cdk.Stack(app, 'DefaultVpc', { env }), 'Vpc');

// An environment-agnostic stack: two zones from Fn::GetAZs, /18 subnets; an endpoint whose
// service name has the AWS::Region pseudo parameter and its own security group.
{
  const stack = new cdk.Stack(app, 'AgnosticVpc');
  const vpc = new ec2.Vpc(stack, 'Vpc');
  vpc.addInterfaceEndpoint('Sts', { service: ec2.InterfaceVpcEndpointAwsService.STS });
}

// Masked groups first, then the rest shared (unaligned start rounded up); one NAT for all.
new ec2.Vpc(new cdk.Stack(app, 'MixedVpc', { env }), 'Vpc', {
  ipAddresses: ec2.IpAddresses.cidr('10.1.0.0/20'),
  natGateways: 1,
  subnetConfiguration: [
    { name: 'Ingress', subnetType: SubnetType.PUBLIC, cidrMask: 24 },
    { name: 'App', subnetType: SubnetType.PRIVATE_WITH_EGRESS },
    { name: 'Db', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 28 },
  ],
});

// No NAT gateway: public and isolated by default; a VPC name.
new ec2.Vpc(new cdk.Stack(app, 'NoNatVpc', { env }), 'Vpc', { natGateways: 0, maxAzs: 2, vpcName: 'my-vpc' });

// Isolated subnets only: no internet gateway; endpoints on every route table and on a group.
{
  const stack = new cdk.Stack(app, 'IsolatedVpc', { env });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('192.168.0.0/22'),
    maxAzs: 2,
    subnetConfiguration: [
      { name: 'A', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 26 },
      { name: 'B', subnetType: SubnetType.PRIVATE_ISOLATED },
    ],
  });
  vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
  vpc.addInterfaceEndpoint('Logs', { service: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS, subnets: { subnetGroupName: 'B' } });
}

// Explicit zones, a reserved group, two NAT gateways for three zones, an endpoint narrowed to
// two zones.
{
  const stack = new cdk.Stack(app, 'ExplicitVpc', { env });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('10.9.0.0/16'),
    availabilityZones: ['us-east-2a', 'us-east-2b', 'us-east-2c'],
    natGateways: 2,
    subnetConfiguration: [
      { name: 'Pub', subnetType: SubnetType.PUBLIC, cidrMask: 28 },
      { name: 'Reserved', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22, reserved: true },
      { name: 'Priv', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      { name: 'Rest', subnetType: SubnetType.PRIVATE_ISOLATED },
    ],
  });
  vpc.addInterfaceEndpoint('Ecr', {
    service: ec2.InterfaceVpcEndpointAwsService.ECR,
    subnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS, availabilityZones: ['us-east-2a', 'us-east-2c'] },
    open: false,
  });
}

// Security groups: inline rules, rules naming groups as separate resources, imports.
{
  const stack = new cdk.Stack(app, 'SecurityGroups', { env });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    natGateways: 0,
    maxAzs: 1,
    subnetConfiguration: [{ name: 'P', subnetType: SubnetType.PUBLIC }],
  });
  const web = new ec2.SecurityGroup(stack, 'Web', { vpc });
  const locked = new ec2.SecurityGroup(stack, 'Locked', { vpc, allowAllOutbound: false });
  const db = new ec2.SecurityGroup(stack, 'Db', { vpc, allowAllOutbound: false, description: 'database' });
  db.addEgressRule(Peer.ipv4('10.0.0.0/8'), Port.tcpRange(1000, 2000));
  db.addEgressRule(web, Port.tcp(5432), 'to web');
  db.addEgressRule(Peer.prefixList('pl-12345678'), Port.udp(53));
  web.addIngressRule(Peer.anyIpv4(), Port.HTTPS);
  web.addIngressRule(Peer.anyIpv4(), Port.HTTPS, 'a duplicate is dropped');
  web.addIngressRule(Peer.anyIpv6(), Port.icmpPing());
  web.addIngressRule(locked, Port.allTcp());
  web.addIngressRule(Peer.securityGroupId('sg-0123456789abcdef0', '222222222222'), Port.udpRange(60000, 61000));
  web.addEgressRule(Peer.anyIpv4(), Port.tcp(80)); // ignored: all outbound is allowed
  const imported = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Imported', 'sg-0aaaabbbbccccdddd');
  web.addIngressRule(imported, Port.tcp(22));
  imported.addIngressRule(web, Port.tcp(22));
  imported.addEgressRule(web, Port.tcp(22)); // ignored: the import allows all outbound
  const immutable = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Immutable', 'sg-0aaaabbbbccccddde', { mutable: false });
  immutable.addIngressRule(web, Port.tcp(22)); // ignored
  vpc.addInterfaceEndpoint('Ecr', { service: ec2.InterfaceVpcEndpointAwsService.ECR, subnets: { subnetType: SubnetType.PUBLIC } });
}

// A VPC imported from attributes (ids from another stack's exports), used by endpoints and a
// security group.
{
  const stack = new cdk.Stack(app, 'ImportedVpc', { env });
  const imp = (name) => cdk.Fn.importValue(`Dev-${name}`);
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: imp('VpcId'),
    availabilityZones: ['us-east-2a', 'us-east-2b'],
    vpcCidrBlock: '10.20.0.0/24',
    privateSubnetIds: [imp('PrivateSubnet1'), imp('PrivateSubnet2')],
    privateSubnetRouteTableIds: [imp('PrivateRouteTable1'), imp('PrivateRouteTable2')],
    isolatedSubnetIds: ['subnet-0aaa', 'subnet-0bbb', 'subnet-0ccc', 'subnet-0ddd'],
    isolatedSubnetNames: ['Db', 'Cache'],
    isolatedSubnetRouteTableIds: ['rtb-0aaa', 'rtb-0bbb', 'rtb-0ccc', 'rtb-0ddd'],
  });
  vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
  vpc.addInterfaceEndpoint('Sqs', { service: ec2.InterfaceVpcEndpointAwsService.SQS, subnets: { subnetGroupName: 'Cache' } });
  const app_ = new ec2.SecurityGroup(stack, 'App', { vpc, allowAllOutbound: false });
  app_.addEgressRule(Peer.ipv4(vpc.vpcCidrBlock), Port.tcp(443));
}

// Less common options: no internet gateway, two public groups with the NAT gateways placed in
// the second, no public addresses at launch, dedicated tenancy, IPv6 egress, endpoint options.
{
  const stack = new cdk.Stack(app, 'OptionsVpc', { env });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('172.16.0.0/16'),
    maxAzs: 2,
    natGateways: 1,
    natGatewaySubnets: { subnetGroupName: 'Egress' },
    defaultInstanceTenancy: ec2.DefaultInstanceTenancy.DEDICATED,
    subnetConfiguration: [
      { name: 'Ingress', subnetType: SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
      { name: 'Egress', subnetType: SubnetType.PUBLIC, cidrMask: 28 },
      { name: 'App', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
    ],
  });
  const both = new ec2.SecurityGroup(stack, 'DualStack', { vpc, allowAllIpv6Outbound: true, securityGroupName: 'dual' });
  both.addEgressRule(Peer.ipv6('2001:db8::/32'), Port.tcp(443)); // ignored: all IPv6 egress allowed
  both.addIngressRule(Peer.ipv6('2001:db8::/32'), Port.allIcmpV6());
  vpc.addInterfaceEndpoint('Custom', {
    service: new ec2.InterfaceVpcEndpointService('com.amazonaws.vpce.us-east-2.vpce-svc-0123456789abcdef0', 8443),
    securityGroups: [both],
  });
  vpc.addInterfaceEndpoint('NoDns', { service: ec2.InterfaceVpcEndpointAwsService.LAMBDA, privateDnsEnabled: false, subnets: { subnetGroupName: 'App' } });
  new ec2.Vpc(stack, 'NoIgw', {
    maxAzs: 1,
    createInternetGateway: false,
    subnetConfiguration: [
      { name: 'Public', subnetType: SubnetType.PUBLIC },
      { name: 'Private', subnetType: SubnetType.PRIVATE_WITH_EGRESS },
    ],
  });
}

app.synth();
